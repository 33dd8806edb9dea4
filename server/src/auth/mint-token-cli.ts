import { parseArgs } from 'node:util';
import { ROLES, type Role } from './principal';
import { TokenService } from './token-service';

/**
 * `npm run token -- --role viewer --subject ward-7-tablet --hours 720`: mints a bearer token signed
 * with AUTH_SECRET, for dashboards, GraphiQL and third-party clients.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'viewer' },
      subject: { type: 'string', default: 'cli' },
      hours: { type: 'string', default: '24' },
    },
  });
  const secret = process.env['AUTH_SECRET'];
  if (secret === undefined || secret.length < 32) {
    console.error("AUTH_SECRET must be set to the server's secret (at least 32 characters).");
    process.exit(2);
  }
  if (!ROLES.includes(values.role as Role)) {
    console.error(`--role must be one of ${ROLES.join(', ')}, got "${values.role}"`);
    process.exit(2);
  }
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 366) {
    console.error(`--hours must be a number in (0, 8784], got "${values.hours}"`);
    process.exit(2);
  }
  console.log(new TokenService(secret).mint(values.subject!, values.role as Role, Math.round(hours * 3600)));
}

main();
