import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Turngate, type TurngateProps } from './turngate.js';

export {
  ARMS_TURN_TIMERS,
  DIRECT_MOVE_ACCESS,
  HANDLER_ACCESS,
  handlerAccess,
  QUEUE_BATCH_SIZE,
  SENDS_NOTICES,
} from './handler-access.js';

export interface TurngateStackProps extends StackProps, TurngateProps {}

/**
 * A stack holding one Turngate and nothing else: what `npm run synth` and `turngate synth` deploy.
 * The construct's id is `Default`, which CDK leaves out of logical ids, so the template is the one
 * this stack had when it built everything itself, and a deployed stack updates in place.
 */
export class TurngateStack extends Stack {
  readonly turngate: Turngate;

  constructor(scope: Construct, id: string, props: TurngateStackProps) {
    super(scope, id, props);
    this.turngate = new Turngate(this, 'Default', props);
  }

  get tables(): Turngate['tables'] {
    return this.turngate.tables;
  }
  /** The moves queue: `fifo` mode only. */
  get moves(): Turngate['moves'] {
    return this.turngate.moves;
  }
  get handlers(): Turngate['handlers'] {
    return this.turngate.handlers;
  }
  get sockets(): Turngate['sockets'] {
    return this.turngate.sockets;
  }
  get lobby(): Turngate['lobby'] {
    return this.turngate.lobby;
  }
  /** The hosted web UI, the optional Cognito pool, custom domains and the APIs' limits. */
  get edge(): Turngate['edge'] {
    return this.turngate.edge;
  }
  /** EventBridge Scheduler's group, role and the turn-timer function: with `turnTimers` only. */
  get turnTimers(): Turngate['turnTimers'] {
    return this.turngate.turnTimers;
  }
  /** The notice queue and the `notify` function: with `noticeWebhookUrl` only. */
  get notices(): Turngate['notices'] {
    return this.turngate.notices;
  }
  /** The retention sweeps' function and its schedule. */
  get sweeper(): Turngate['sweeper'] {
    return this.turngate.sweeper;
  }
}
