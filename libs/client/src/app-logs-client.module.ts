import { Module } from '@nestjs/common';
import { AppLogsClient } from './app-logs-client';
import { AppLogsClientConfigurableModule } from './app-logs-client.module-definition';

/**
 * `AppLogsClientModule.register({ url })` or `.registerAsync({ imports, inject, useFactory })` provides an
 * AppLogsClient. Each registration has its own client (and so its own connection), closed with the module.
 */
@Module({ providers: [AppLogsClient], exports: [AppLogsClient] })
export class AppLogsClientModule extends AppLogsClientConfigurableModule {}
