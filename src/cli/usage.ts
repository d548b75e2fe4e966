/** The CLI's help texts, one per command: what `turngate <command> --help` prints. */
export const USAGE = {
  main: `turngate: turn-based multiplayer games over WebSockets, on a laptop and on AWS.

Usage: turngate <command> [options]

Commands:
  init [dir]            create a game project (package.json, tsconfig, an example game, its test)
  dev [games module]    serve your games and the web UI locally, restarting on change
  synth                 the CloudFormation template for your games (not yet)
  deploy                deploy your games to AWS (not yet)
  help [command]        this text, or a command's

Run \`turngate <command> --help\` for a command's options.
`,
  init: `Usage: turngate init [dir]

Creates a game project in dir (default: the current directory): package.json, tsconfig.json,
src/games.ts (an example game), src/games.test.ts (a test of its rules), README.md and .gitignore.
An existing package.json is kept and completed; no other existing file is overwritten.

Then: npm install, npm run dev, npm test.
`,
  dev: `Usage: turngate dev [games module] [options]

Serves the games the module exports, with the web UI, at http://127.0.0.1:8787 (default module:
src/games.ts). The module exports its games, each made by defineGame:
  export default [myGame]     or     export const games = [myGame]     or     export default myGame

Restarts when the module or anything it imports changes.

Options:
  --port <n>            the port (default 8787; 0 picks a free one)
  --host <host>         the address to listen on (default 127.0.0.1)
  --data-dir <dir>      where matches are kept (default ./data)
  --database :memory:   keep nothing on disk
  --no-watch            do not restart on change
  Every setting of the local runtime is a flag (see the turngate README), or its environment variable.
`,
  synth: `Usage: turngate synth

Not yet: the CDK app for your games is the next step of turngate as a library (turngate/cdk).
`,
  deploy: `Usage: turngate deploy

Not yet: the CDK app for your games is the next step of turngate as a library (turngate/cdk).
`,
} as const;

export type Command = Exclude<keyof typeof USAGE, 'main'>;

export const isCommand = (name: string | undefined): name is Command =>
  name !== undefined && name !== 'main' && Object.hasOwn(USAGE, name);
