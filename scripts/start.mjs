// `npm start`: builds the playground and serves the build on localhost with the headers it needs (COOP/COEP, so
// the Pyodide worker can be interrupted and WebContainer can boot). The URL is printed when the server is up.
import { build, preview } from 'vite';

const port = Number(process.env.PORT || 4173);
await build({ logLevel: 'warn' });
const server = await preview({ preview: { host: '127.0.0.1', port, strictPort: false, open: false }, logLevel: 'warn' });
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
console.log(`\n  Hybrid-Gym Playground is running at ${url}\n  (embedded samples included; Ctrl+C stops it)\n`);
