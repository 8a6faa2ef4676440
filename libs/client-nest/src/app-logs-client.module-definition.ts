import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AppLogsClientOptions } from '@applogs/client-grpc';

// Nest's builder generates register/registerAsync (useFactory, useClass, useExisting, inject, imports) the
// standard way. Kept apart from the module class, as Nest's samples do.
export const {
  ConfigurableModuleClass: AppLogsClientConfigurableModule,
  MODULE_OPTIONS_TOKEN: APP_LOGS_CLIENT_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AppLogsClientOptions>({ moduleName: 'AppLogsClient' })
  .setClassMethodName('register')
  .setFactoryMethodName('createAppLogsClientOptions')
  // `isGlobal: true` makes AppLogsClient injectable everywhere without importing the module again.
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

/** `AppLogsClientModule.register(…)`'s argument: AppLogsClientOptions and `isGlobal`. */
export type AppLogsClientModuleOptions = typeof OPTIONS_TYPE;
/** `AppLogsClientModule.registerAsync(…)`'s argument: `useFactory` with `inject`/`imports`, or `useClass`/`useExisting`. */
export type AppLogsClientModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
