/** Child process of gnu.ts's runIsolated: runs one command line over the files given on stdin, prints the result. */
import { shellOver, type Files } from './gnu';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const { files, command } = JSON.parse(input) as { files: Files; command: string };
const r = await shellOver(files).run(command);
process.stdout.write(JSON.stringify({ output: r.output, code: r.code }));
