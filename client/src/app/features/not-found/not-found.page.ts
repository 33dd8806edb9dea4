import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'pl-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="panel state">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <a class="btn primary" routerLink="/">Back to all patients</a>
    </section>
  `,
})
export class NotFoundPage {}
