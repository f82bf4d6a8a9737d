import { summaryText } from "../alerts/summary.js";
import type { Alert } from "../alerts/types.js";
import { type HashOptions, hashIdentity, hashReportIdentities } from "../analyses/hashIdentities.js";
import type { AuditReport } from "./model.js";

/**
 * `--hash-identities` on the whole audit report: `hashReportIdentities` covers recovered
 * values, rollups, retry teams and timelines; the alerts name their team in the group, the
 * id, the summary line and the team overrides, so those are hashed here and the summary is
 * written again.
 */

function hashAlert(alert: Alert, hash: (team: string) => string): Alert {
  if (alert.group.team === undefined) return alert;
  const team = hash(alert.group.team);
  const group = { ...alert.group, team };
  return {
    ...alert,
    id: alert.id.replace(`team=${alert.group.team}`, `team=${team}`),
    group,
    team,
    summary: summaryText({ ...alert, group }),
  };
}

/** A copy of the report with identity values as salted hashes (`h:...`). Call before rendering. */
export function hashAuditReport(report: AuditReport, options: HashOptions = {}): AuditReport {
  const { timelines, ...rest } = report;
  const hashed = hashReportIdentities({ ...rest, timelines: Object.values(timelines) }, options);
  const { timelines: list, ...out } = hashed;
  const teams = options.layers === undefined || options.layers.includes("team");
  const hash = (team: string) => (teams ? hashIdentity(team, options.salt) : team);
  const { settings, alerts } = out.alerts;
  return {
    ...out,
    alerts: {
      ...out.alerts,
      settings: { ...settings, teamOverrides: settings.teamOverrides.map(hash) },
      alerts: alerts.map((a) => hashAlert(a, hash)),
    },
    timelines: Object.fromEntries(list.map((t) => [t.traceId, t])),
  };
}
