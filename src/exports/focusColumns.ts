/**
 * The FinOps FOCUS columns the chargeback export writes (reference/formats.md section 10),
 * FOCUS columns first in the spec's (alphabetical) order, then our `x_` columns.
 */

export const FOCUS_VERSIONS = ["1.2", "1.3"] as const;
export type FocusVersion = (typeof FOCUS_VERSIONS)[number];

/** The 1.2 provider columns, and what 1.3 renames them to (1.3 drops PublisherName). */
const PROVIDER_COLUMNS: Record<FocusVersion, readonly string[]> = {
  "1.2": ["ProviderName", "PublisherName"],
  "1.3": ["HostProviderName", "ServiceProviderName"],
};

// biome-ignore format: one line per group of columns
const COMMON = [
  "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
  "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency",
  "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
  "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ResourceId",
  "ResourceName", "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SkuMeter", "SubAccountId",
  "SubAccountName", "SubAccountType", "Tags",
] as const;

/** Our dimensions and token buckets; the buckets are exclusive and add up to ConsumedQuantity. */
export const X_COLUMNS = [
  "x_Team",
  "x_Project",
  "x_Feature",
  "x_Tenant",
  "x_Workload",
  "x_InputTokens",
  "x_CacheReadTokens",
  "x_CacheWriteTokens",
  "x_OutputTokens",
  "x_UnpricedTokens",
  "x_Unattributed",
] as const;

/** FOCUS columns of one version, in the spec's order. */
export function focusColumns(version: FocusVersion): string[] {
  return [...COMMON, ...PROVIDER_COLUMNS[version]].sort();
}

/** Every column of the export, FOCUS first. */
export function exportColumns(version: FocusVersion): string[] {
  return [...focusColumns(version), ...X_COLUMNS];
}

/** Display names of the gen_ai provider ids spendtrail normalises to (others are shown as they are). */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  "aws.bedrock": "Amazon Web Services",
  "azure.ai.openai": "Microsoft",
  "azure.ai.inference": "Microsoft",
  "gcp.gemini": "Google",
  "gcp.vertex_ai": "Google",
  "gcp.gen_ai": "Google",
  mistral_ai: "Mistral AI",
  x_ai: "xAI",
  "ibm.watsonx.ai": "IBM",
  cohere: "Cohere",
  deepseek: "DeepSeek",
  groq: "Groq",
  perplexity: "Perplexity",
};

/** The provider's name for ProviderName / ServiceProviderName and InvoiceIssuerName. */
export function providerName(provider: string): string {
  if (provider === "") return "Unknown";
  return PROVIDER_NAMES[provider] ?? provider;
}
