import { runDev } from './dev.js';
import { InitRefused, initProject } from './init.js';
import { parseReplayArgs, replayFile } from './replay.js';
import { deployProject, parseSynthArgs, synthProject } from './synth.js';
import { runTests } from './test-command.js';
import { isCommand, USAGE } from './usage.js';
import { UsageProblem } from './usage-problem.js';

/** The `turngate` command line: returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  if (command === undefined || command === '--help' || command === '-h') {
    out(USAGE.main);
    return 0;
  }
  if (command === 'help') {
    const topic = args[0];
    out(isCommand(topic) ? USAGE[topic] : USAGE.main);
    return 0;
  }
  if (!isCommand(command)) {
    process.stderr.write(`turngate: unknown command "${command}"\n\n${USAGE.main}`);
    return 1;
  }
  if (args.includes('--help') || args.includes('-h')) {
    out(USAGE[command]);
    return 0;
  }
  try {
    switch (command) {
      case 'init': {
        const extra = args.slice(1);
        if (extra.length > 0) throw new UsageProblem(`init takes one folder, not also ${extra.join(' ')}`);
        initProject(args[0] ?? '.', out);
        return 0;
      }
      case 'dev':
        return await runDev(args);
      case 'test':
        return await runTests(args);
      case 'synth':
        await synthProject(parseSynthArgs(args), out);
        return 0;
      case 'deploy':
        return await deployProject(parseSynthArgs(args), out);
      case 'replay':
        return await replayFile(parseReplayArgs(args), out, (line) =>
          process.stderr.write(`turngate replay: ${line}\n`),
        );
    }
  } catch (error) {
    if (error instanceof UsageProblem || error instanceof InitRefused) {
      process.stderr.write(`turngate ${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
