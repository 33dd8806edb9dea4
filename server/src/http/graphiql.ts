import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

/** Where the browser keeps its bearer token; the dashboard uses the same key. */
export const TOKEN_STORAGE_KEY = 'plantar.token';

/** Files of the playground, all from npm packages: it works on a network with no CDN. */
function assetPaths(): Record<string, string> {
  const pkg = (name: string) => dirname(require.resolve(`${name}/package.json`));
  return {
    'react.js': join(pkg('react'), 'umd/react.production.min.js'),
    'react-dom.js': join(pkg('react-dom'), 'umd/react-dom.production.min.js'),
    'graphiql.js': join(pkg('graphiql'), 'graphiql.min.js'),
    'graphiql.css': join(pkg('graphiql'), 'graphiql.min.css'),
    'graphql-ws.js': join(pkg('graphql-ws'), 'umd/graphql-ws.min.js'),
  };
}

const DEFAULT_QUERY = `# Plantar GraphQL playground. Run a query, or a subscription to watch readings arrive live.
query Patients {
  patients { id firstName lastName status lastReadingAt }
}

subscription Live {
  readings(patientIds: [1]) { patientId at traceId anomaly sensors { name value anomaly } }
}
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Plantar GraphQL playground</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/graphiql/assets/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the playground…</div>
<script src="/graphiql/assets/react.js"></script>
<script src="/graphiql/assets/react-dom.js"></script>
<script src="/graphiql/assets/graphql-ws.js"></script>
<script src="/graphiql/assets/graphiql.js"></script>
<script src="/graphiql/boot.js"></script>
</body>
</html>
`;

// A separate file, not an inline script, so the Content-Security-Policy can forbid inline scripts.
const BOOT = `(function () {
  var http = location.origin + '/graphql';
  var ws = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
  var params = new URLSearchParams(location.search);
  // The dashboard and the playground share the sign-in: a ?token= link stores it, like Jupyter's,
  // and it is then taken out of the address bar so it does not linger in history.
  if (params.get('token')) {
    localStorage.setItem('${TOKEN_STORAGE_KEY}', params.get('token'));
    params.delete('token');
    history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
  }
  var token = localStorage.getItem('${TOKEN_STORAGE_KEY}');
  var fetcher = GraphiQL.createFetcher({
    url: http,
    headers: token ? { Authorization: 'Bearer ' + token } : {},
    wsClient: graphqlWs.createClient({ url: ws, lazy: true, retryAttempts: Infinity, connectionParams: token ? { token: token } : {} }),
  });
  // ?query=… opens the playground on a given operation: links in docs and bug reports.
  var props = { fetcher: fetcher, defaultQuery: ${JSON.stringify(DEFAULT_QUERY)}, defaultEditorToolsVisibility: true };
  if (params.get('query')) props.query = params.get('query');
  if (params.get('variables')) props.variables = params.get('variables');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, props));
})();
`;

/** GraphiQL at /graphiql with subscriptions over graphql-ws on /graphql. */
export function graphiqlRouter(): Router {
  const router = express.Router();
  const assets = assetPaths();
  router.get('/', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/boot.js', (_req, res) => {
    res.type('js').send(BOOT);
  });
  router.get('/assets/:name', (req, res, next) => {
    const file = assets[req.params.name];
    if (file === undefined) return next();
    res.sendFile(file, { maxAge: '1d' });
  });
  return router;
}
