import { AppLogsClient, type AppLogsClientOptions } from '@applogs/client-grpc';
import { Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { APP_LOGS_CLIENT_OPTIONS, AppLogsClientConfigurableModule } from './app-logs-client.module-definition';

/** Closes the module's AppLogsClient with the module (app.close()): its open calls are cancelled and told why. */
@Injectable()
class AppLogsClientCloser implements OnModuleDestroy {
  constructor(@Inject(AppLogsClient) private readonly client: AppLogsClient) {}

  onModuleDestroy(): void {
    this.client.close();
  }
}

/**
 * `AppLogsClientModule.register({ url })` or `.registerAsync({ imports, inject, useFactory })` provides an
 * AppLogsClient (@applogs/client-grpc). Each registration has its own client (and so its own connection),
 * closed with the module.
 */
@Module({
  providers: [
    { provide: AppLogsClient, inject: [APP_LOGS_CLIENT_OPTIONS], useFactory: (options: AppLogsClientOptions) => new AppLogsClient(options) },
    AppLogsClientCloser,
  ],
  exports: [AppLogsClient],
})
export class AppLogsClientModule extends AppLogsClientConfigurableModule {}
