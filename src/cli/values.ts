/** Option values as commander hands them over, narrowed. */

/** A string option, or undefined when absent. */
export function optionalText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A variadic option (`--prices <files...>`); absent is empty. */
export function textList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** The positional paths of a command declared `[paths...]` or `<paths...>`. */
export function pathsArg(args: readonly unknown[]): string[] {
  const first = args[0];
  return Array.isArray(first) ? first.map(String) : [];
}
