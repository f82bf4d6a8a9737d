import type { FocusVersion } from "./focusColumns.js";

/**
 * FOCUS column rules (reference/formats.md section 10), written from the spec rather than from
 * the exporter, so a check of the export against them can fail: which columns a dataset must
 * have, their types and value formats, enums, and the `x_` convention for custom columns.
 */

type Kind = "decimal" | "datetime" | "string" | "currency" | "json" | "enum";

interface Rule {
  kind: Kind;
  /** Null is not allowed (for Usage rows, where the rule is conditional). */
  notNull: boolean;
  values?: readonly string[];
}

const SERVICE_CATEGORIES = [
  "AI and Machine Learning",
  "Analytics",
  "Business Applications",
  "Compute",
  "Databases",
  "Developer Tools",
  "Multicloud",
  "Identity",
  "Integration",
  "Internet of Things",
  "Management and Governance",
  "Media",
  "Migration",
  "Mobile",
  "Networking",
  "Security",
  "Storage",
  "Web",
  "Other",
];
const AI_SUBCATEGORIES = [
  "AI Platforms",
  "Bots",
  "Generative AI",
  "Machine Learning",
  "Natural Language Processing",
  "Other (AI and Machine Learning)",
];

const money: Rule = { kind: "decimal", notNull: true };
const time: Rule = { kind: "datetime", notNull: true };
const name: Rule = { kind: "string", notNull: true };
const text: Rule = { kind: "string", notNull: false };

/** Rules of the columns both versions share (the mandatory ones and those the export writes). */
const SHARED: Record<string, Rule> = {
  BilledCost: money,
  EffectiveCost: money,
  ListCost: money,
  ContractedCost: money,
  BillingAccountId: name,
  BillingAccountName: text,
  BillingCurrency: { kind: "currency", notNull: true },
  BillingPeriodStart: time,
  BillingPeriodEnd: time,
  ChargePeriodStart: time,
  ChargePeriodEnd: time,
  ChargeCategory: {
    kind: "enum",
    notNull: true,
    values: ["Usage", "Purchase", "Tax", "Credit", "Adjustment"],
  },
  ChargeClass: { kind: "enum", notNull: false, values: ["Correction"] },
  ChargeDescription: text,
  ChargeFrequency: { kind: "enum", notNull: false, values: ["One-Time", "Recurring", "Usage-Based"] },
  ConsumedQuantity: { kind: "decimal", notNull: true },
  ConsumedUnit: name,
  InvoiceIssuerName: name,
  PricingQuantity: { kind: "decimal", notNull: false },
  PricingUnit: text,
  ResourceId: text,
  ResourceName: text,
  ServiceCategory: { kind: "enum", notNull: true, values: SERVICE_CATEGORIES },
  ServiceName: name,
  ServiceSubcategory: { kind: "string", notNull: false },
  SkuId: name,
  SkuMeter: text,
  SubAccountId: text,
  SubAccountName: text,
  SubAccountType: text,
  Tags: { kind: "json", notNull: false },
};

const RULES: Record<FocusVersion, Record<string, Rule>> = {
  "1.2": { ...SHARED, ProviderName: name, PublisherName: name },
  "1.3": { ...SHARED, ServiceProviderName: name, HostProviderName: name },
};

/** Columns a FOCUS dataset of the version must have (the export writes every one of them). */
export const MANDATORY: Record<FocusVersion, readonly string[]> = {
  "1.2": [
    ...["BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd"],
    ...["BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd"],
    ...["ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost"],
    ...["ProviderName", "PublisherName", "ServiceCategory", "ServiceName"],
  ],
  "1.3": [
    ...["BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd"],
    ...["BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd"],
    ...["ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost"],
    ...["HostProviderName", "ServiceProviderName", "ServiceCategory", "ServiceName"],
  ],
};

/** One broken rule: the row (1-based; null for the header) and column it is in. */
export interface FocusProblem {
  row: number | null;
  column: string;
  problem: string;
}

// NumericFormat: optional minus, digits, optional fraction; no exponent, no grouping.
const DECIMAL = /^-?\d+(\.\d+)?$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

function validTime(value: string): boolean {
  const m = DATETIME.exec(value);
  return m !== null && new Date(value).toISOString() === `${value.slice(0, 19)}.000Z`;
}

function cellProblem(rule: Rule, value: string): string | null {
  switch (rule.kind) {
    case "decimal":
      return DECIMAL.test(value)
        ? null
        : `'${value}' is not a decimal (digits, optional '.' fraction, no exponent)`;
    case "datetime":
      return validTime(value) ? null : `'${value}' is not an ISO 8601 UTC date-time (YYYY-MM-DDTHH:MM:SSZ)`;
    case "currency":
      return /^[A-Z]{3}$/.test(value) ? null : `'${value}' is not an ISO 4217 currency code`;
    case "enum":
      return rule.values?.includes(value) ? null : `'${value}' is not one of ${rule.values?.join(", ")}`;
    case "json":
      return jsonProblem(value);
    default:
      return null;
  }
}

function jsonProblem(value: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return `'${value}' is not JSON`;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return "is not a JSON object";
  const nested = Object.entries(parsed).find(([, v]) => v !== null && typeof v === "object");
  return nested === undefined ? null : `key '${nested[0]}' holds an object or array; values must be scalars`;
}

/** Header rules: mandatory columns present, no duplicates, FOCUS names known, then only `x_` columns. */
export function validateColumns(version: FocusVersion, columns: readonly string[]): FocusProblem[] {
  const problems: FocusProblem[] = [];
  const header = (column: string, problem: string) => problems.push({ row: null, column, problem });
  for (const column of MANDATORY[version])
    if (!columns.includes(column)) header(column, "mandatory column is missing");
  const firstCustom = columns.findIndex((c) => c.startsWith("x_"));
  columns.forEach((column, i) => {
    if (columns.indexOf(column) !== i) header(column, "column appears twice");
    if (column.startsWith("x_")) {
      if (!/^x_[A-Z][A-Za-z0-9]*$/.test(column)) header(column, "custom column is not x_ + PascalCase");
    } else if (RULES[version][column] === undefined)
      header(column, `not a FOCUS ${version} column; custom columns start with x_`);
    else if (firstCustom !== -1 && i > firstCustom) header(column, "FOCUS column after a custom x_ column");
  });
  return problems;
}

const PERIODS = [
  ["ChargePeriodStart", "ChargePeriodEnd"],
  ["BillingPeriodStart", "BillingPeriodEnd"],
] as const;

/** Row rules: nulls, types and formats, enums, AI subcategories, period ends after starts. */
export function validateRows(
  version: FocusVersion,
  rows: readonly Record<string, string | null>[],
): FocusProblem[] {
  const problems: FocusProblem[] = [];
  rows.forEach((row, i) => {
    const at = (column: string, problem: string) => problems.push({ row: i + 1, column, problem });
    for (const [column, rule] of Object.entries(RULES[version])) {
      const value = row[column] ?? null;
      if (value === null || value === "") {
        if (rule.notNull) at(column, "must not be null");
        continue;
      }
      const problem = cellProblem(rule, value);
      if (problem !== null) at(column, problem);
    }
    if (
      row.ServiceCategory === "AI and Machine Learning" &&
      !AI_SUBCATEGORIES.includes(row.ServiceSubcategory ?? "")
    ) {
      at("ServiceSubcategory", `'${row.ServiceSubcategory}' is not an AI and Machine Learning subcategory`);
    }
    for (const [start, end] of PERIODS) {
      if ((row[start] ?? "") >= (row[end] ?? "")) at(end, `is not after ${start}`);
    }
  });
  return problems;
}

/** Every broken rule of an export (header, then rows). */
export function validateFocus(
  version: FocusVersion,
  columns: readonly string[],
  rows: readonly Record<string, string | null>[],
): FocusProblem[] {
  return [...validateColumns(version, columns), ...validateRows(version, rows)];
}
