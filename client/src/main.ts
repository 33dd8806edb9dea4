import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';

bootstrapApplication(App, appConfig).catch((error: unknown) => {
  document.body.textContent =
    'The dashboard failed to start. Reload the page; if this persists, call support.';
  throw error;
});
