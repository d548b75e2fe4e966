/** The CLI's help texts, one per command: what `turngate <command> --help` prints. */
export const USAGE = {
  main: `turngate: turn-based multiplayer games over WebSockets, on a laptop and on AWS.

Usage: turngate <command> [options]

Commands:
  init [dir]            create a game project (package.json, tsconfig, an example game, its test)
  dev [games module]    serve your games and the web UI locally, restarting on change
  test [files]          run every *.test.ts file (Node's test runner, TypeScript by tsx)
  synth [games module]  the AWS CloudFormation template for your games, in cdk.out (offline)
  deploy [games module] synth, then deploy it to AWS with the AWS CDK command line
  replay <file>         check that an exported match replays to its recorded final state
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
  --board <module>      a board for one of your games (repeatable): the module calls registerBoard
                        from turngate/board, and is bundled into the web UI's page
  --no-watch            do not restart on change
  Every setting of the local runtime is a flag (see the turngate README), or its environment variable.
`,
  test: `Usage: turngate test [file or folder…] [node --test options]

Runs every test file (*.test.ts, *.test.js…) in the folders given (default: the current folder;
node_modules, dist, cdk.out, data and dot-folders are skipped) with Node's test runner, loading
TypeScript with tsx. Options go to node --test, for example: turngate test --test-name-pattern=wins
Exits 1 when it finds no test file.
`,
  synth: `Usage: turngate synth [games module] [options]

Writes the AWS CloudFormation template for your games (default module: src/games.ts) into cdk.out:
a WebSocket API, the lobby HTTP API, DynamoDB tables and one Lambda function per handler, each
bundled with your games. Runs offline: no AWS account or credentials are needed.

Needs, in your project: aws-cdk-lib, constructs, esbuild and the @aws-sdk clients turngate's
functions use (synth names any that are missing, with the install command).

Options:
  --out <dir>               where the cloud assembly goes (default cdk.out)
  --stack-name <name>       the CloudFormation stack (default: your package's name)
  --board <module>          a board for one of your games (repeatable), as for turngate dev:
                            bundled into the hosted web UI
  -c, --context key=value   a deploy-time setting, as \`cdk -c\` takes it (also read from cdk.json):
                            orderingMode (direct|fifo), stageName, jwksUrl, tokenSecretArn,
                            tokenIssuer, tokenAudience, webOrigins, alarmEmail
`,
  deploy: `Usage: turngate deploy [games module] [options] [-- cdk deploy options]

turngate synth, then \`cdk deploy\` of that template with your AWS credentials (the AWS CDK
command line: npm install --save-dev aws-cdk). Takes synth's options; what follows -- goes to
cdk deploy as it is, for example: turngate deploy -- --profile games --require-approval never
`,
  replay: `Usage: turngate replay <file> [--games <module>]

Checks an exported match: the JSON of GET /api/matches/{id}/replay with every step (the web
viewer's Download button, or the SDK's lobby.replayExport(id)), for a finished match whose game
publishes its seed. Replays it from the seed with the game's rules: every step must apply and
produce the match the server recorded for it, the last must produce the recorded final state, and
the export's result must be the one the replay ends with. Exits 0 when it does; otherwise prints
the step where it first differs and exits 1.

Options:
  --games <module>      the games module that defines the match's game (turngate's example games
                        are built in; default: src/games.ts when the game is not one of them)
`,
} as const;

export type Command = Exclude<keyof typeof USAGE, 'main'>;

export const isCommand = (name: string | undefined): name is Command =>
  name !== undefined && name !== 'main' && Object.hasOwn(USAGE, name);
