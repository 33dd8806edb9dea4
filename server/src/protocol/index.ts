/** What the server and the dashboard share verbatim: no imports, no runtime beyond plain values. */
export { GRAPHQL_WS_FORBIDDEN, isCredentialsClose, PlantarCloseCode } from './close-code';
