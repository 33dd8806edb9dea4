import { parseArgs } from 'node:util';
import { ROLES, type Role } from './principal';
import { TokenService } from './token-service';

/**
 * `npm run token -- --role viewer --subject ward-7-tablet --hours 720`: mints a bearer token signed
 * with AUTH_SECRET, for dashboards, GraphiQL and third-party clients;
 * `npm run token -- --role device --patients 7-12 --subject insole-gw-3` one that may only push
 * readings for patients 7..12.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'viewer' },
      subject: { type: 'string', default: 'cli' },
      hours: { type: 'string', default: '24' },
      patients: { type: 'string' },
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
  if ((values.role === 'device') !== (values.patients !== undefined)) {
    console.error(
      values.role === 'device'
        ? '--role device needs --patients, e.g. --patients 7-12'
        : '--patients is for device tokens only (--role device)',
    );
    process.exit(2);
  }
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 366) {
    console.error(`--hours must be a number in (0, 8784], got "${values.hours}"`);
    process.exit(2);
  }
  try {
    console.log(
      new TokenService(secret).mint(
        values.subject!,
        values.role as Role,
        Math.round(hours * 3600),
        values.patients,
      ),
    );
  } catch (error) {
    console.error(`--patients: ${(error as Error).message}`);
    process.exit(2);
  }
}

main();
