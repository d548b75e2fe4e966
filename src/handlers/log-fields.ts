/** An error as a log field: its name and message. For logs only, never for a client. */
export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
