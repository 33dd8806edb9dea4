/**
 * Import first, before anything that loads graphql: graphql-js picks its slow development-mode
 * checks (`instanceOf` with cross-realm diagnostics) at load time unless NODE_ENV is production,
 * which is what the Docker image runs with. Load tests measure the server as deployed. Jest gives
 * each test file its own copy of process.env, so this stays within the file.
 */
process.env['NODE_ENV'] = 'production';
