/**
 * Model family: the model id with what does not change the model removed, so a dated snapshot,
 * a `-latest` alias or a provider-prefixed id compares equal to its base model
 * (`openai/gpt-4o-2024-08-06` -> `gpt-4o`) while `gpt-4o-mini` stays a family of its own.
 */

// Bedrock ids: optional cross-region prefix (`us.`, `eu.`, `apac.`), then the vendor (`anthropic.`).
const BEDROCK_VENDOR =
  /^(?:(?:us|eu|apac|us-gov|global)\.)?(?:anthropic|meta|amazon|mistral|cohere|ai21|deepseek)\./;

// Removed from the end, repeatedly, so `gpt-4-1106-preview` and `gemini-1.5-pro-preview-0514` both lose two.
const SUFFIXES = [
  /[-_]\d{4}-\d{2}-\d{2}$/, // -2024-08-06
  /[-_]\d{8}$/, // -20241022
  /[-_]\d{3,4}$/, // -0613, -1106, gemini -001
  /@.*$/, // vertex `claude-3-5-sonnet@20240620`
  /-v\d+(?::\d+)?$/, // bedrock `-v2:0`
  /-latest$/,
  /-preview$/,
];

/**
 * The family of a model id: lower-cased and trimmed, any `provider/` prefix and Bedrock vendor
 * prefix dropped, then date stamps (`-2024-08-06`, `-20241022`, `-0613`, `@20240620`), version
 * tags (`-v2:0`, `-001`), `-latest` and `-preview` removed from the end. '' for an empty id.
 */
export function modelFamily(model: string): string {
  let id = model.trim().toLowerCase();
  id = id.slice(id.lastIndexOf("/") + 1).replace(BEDROCK_VENDOR, "");
  for (let previous = ""; previous !== id; ) {
    previous = id;
    for (const suffix of SUFFIXES) id = id.replace(suffix, "");
  }
  return id;
}

/** True when the served model is not the requested one nor a snapshot/alias of it. */
export function isSubstitution(requestModel: string, responseModel: string): boolean {
  const requested = modelFamily(requestModel);
  const served = modelFamily(responseModel);
  return requested !== "" && served !== "" && requested !== served;
}
