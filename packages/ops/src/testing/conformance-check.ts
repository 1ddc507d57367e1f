/** One named check of an op spec; `run` throws a descriptive Error when the spec fails it. */
export interface ConformanceCheck {
  /** What is checked, prefixed by the op name it concerns, e.g. `ir_k3: rejects an unknown argument at its path`. */
  readonly name: string;
  /**
   * Runs the check.
   *
   * @throws Error saying what was expected and what the spec did.
   */
  run(): void;
}

/**
 * Runs every check and reports all failures at once.
 *
 * @throws Error listing each failed check as `name: message` (the first failure's error is its `cause`).
 * @example
 * runConformanceChecks(opConformanceChecks(mySpec)); // throws when any check fails
 */
export function runConformanceChecks(checks: readonly ConformanceCheck[]): void {
  const failures: Array<{ name: string; error: unknown }> = [];
  for (const check of checks) {
    try {
      check.run();
    } catch (error) {
      failures.push({ name: check.name, error });
    }
  }
  if (failures.length === 0) return;
  const lines = failures.map(({ name, error }) => `- ${name}: ${error instanceof Error ? error.message : String(error)}`);
  throw new Error(`${failures.length} of ${checks.length} op conformance checks failed:\n${lines.join('\n')}`, {
    cause: failures[0]!.error,
  });
}
