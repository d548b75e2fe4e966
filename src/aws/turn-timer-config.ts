/**
 * Where turn timers go on AWS: the environment variables infra/turn-timers.ts sets on every function
 * that arms a timer. Kept apart from the adapter so the CDK app can name them without loading the SDK.
 */
export const TURN_TIMER_ENV = {
  /** The EventBridge Scheduler schedule group holding the timers. */
  group: 'TURN_TIMER_GROUP',
  /** The `turn-timer` function the schedules invoke. */
  functionArn: 'TURN_TIMER_FUNCTION_ARN',
  /** The role the scheduler assumes to invoke it. */
  roleArn: 'TURN_TIMER_ROLE_ARN',
} as const;

export interface TurnTimerConfig {
  readonly groupName: string;
  readonly targetArn: string;
  readonly roleArn: string;
}

/**
 * The configuration when all three variables are set, `undefined` when none is (a stack without turn
 * timers); a partial set is a deployment mistake and throws at cold start, naming what is missing.
 */
export function turnTimerConfig(env: Readonly<Record<string, string | undefined>>): TurnTimerConfig | undefined {
  const [groupName, targetArn, roleArn] = [
    env[TURN_TIMER_ENV.group],
    env[TURN_TIMER_ENV.functionArn],
    env[TURN_TIMER_ENV.roleArn],
  ];
  if (!groupName && !targetArn && !roleArn) return undefined;
  if (!groupName || !targetArn?.startsWith('arn:') || !roleArn?.startsWith('arn:')) {
    throw new Error(`turn timers need all of ${Object.values(TURN_TIMER_ENV).join(', ')} (the ARNs as ARNs)`);
  }
  return { groupName, targetArn, roleArn };
}
