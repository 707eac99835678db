// dagster-openlineage 0.2.x (dagster-io/community-integrations, libraries/dagster-openlineage, adapter.py):
// job events use the Dagster run_id as OpenLineage runId and the job name as job.name; step events use a random
// UUIDv7 runId, job.name `<job>.<step_key>` and a `parent` facet pointing at the Dagster run; asset events use the
// Dagster run_id and the asset key (`a/b`) as job.name, with the asset as output dataset (`<key>__checks` for
// standalone asset checks, with the asset as input).
import { ok } from '@cairn/core';
import type { Result, RunLink } from '@cairn/core';
import { isRecord, optionalRecord, optionalString, runFacet } from '@cairn/openlineage';
import type { LineageFacetMapper, OpenLineageRunEvent } from '@cairn/openlineage';
import { dagsterRunUrl } from './status.js';

/** Where the Dagster UI lives, for `run.url`. */
export type DagsterLinkOptions = {
  /** The webserver base URL (`https://dagster.example.com`, or `https://<org>.dagster.cloud/<deployment>`). */
  readonly baseUrl?: string;
};

// adapter.py: _PRODUCER = f"https://github.com/OpenLineage/OpenLineage/tree/{version}/integration/dagster", kept
// from the integration's OpenLineage days; the community package still sends it.
const DAGSTER_PRODUCER = /\/integration\/dagster\/?$|dagster-openlineage/;

function datasetNames(event: OpenLineageRunEvent, key: 'inputs' | 'outputs'): string[] {
  const list = event.raw[key];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    const name = isRecord(item) ? optionalString(item, 'name') : undefined;
    return name === undefined ? [] : [name];
  });
}

/** The asset key of an asset or asset-check event, when the event is one. */
function assetKeyOf(event: OpenLineageRunEvent): string | undefined {
  const name = event.job.name;
  if (datasetNames(event, 'outputs').includes(name)) return name;
  const checked = name.endsWith('__checks') ? name.slice(0, -'__checks'.length) : undefined;
  return checked !== undefined && datasetNames(event, 'inputs').includes(checked) ? checked : undefined;
}

function stepLink(event: OpenLineageRunEvent, base: RunLink): RunLink | undefined {
  const parent = runFacet(event, 'parent');
  const runId = optionalString(optionalRecord(parent, 'run'), 'runId');
  const jobName = optionalString(optionalRecord(parent, 'job'), 'name');
  if (runId === undefined || jobName === undefined || !event.job.name.startsWith(`${jobName}.`))
    return undefined;
  const stepKey = event.job.name.slice(jobName.length + 1);
  return {
    ...base,
    orchestrator: 'dagster',
    id: runId,
    workflow: { id: jobName },
    task: { id: stepKey, runId: base.id },
  };
}

function runLink(event: OpenLineageRunEvent, base: RunLink): RunLink {
  const step = stepLink(event, base);
  if (step !== undefined) return { ...step, parentRunId: undefined, rootRunId: undefined };
  const assetKey = assetKeyOf(event);
  if (assetKey === undefined) return { ...base, orchestrator: 'dagster' };
  return {
    ...base,
    orchestrator: 'dagster',
    workflow: undefined,
    ids: { ...base.ids, 'dagster.assetKey': assetKey },
  };
}

/**
 * The facet mapper for dagster-openlineage events: the run link is the Dagster run (a step event's parent run),
 * with the job as workflow, the step as task, the asset key in `run.ids`, and `run.url` on the Dagster UI.
 *
 * @example
 * lineageRoutes({ writer, facetMappers: [dagsterLineage({ baseUrl: 'https://dagster.example.com' })] });
 */
export function dagsterLineage(options: DagsterLinkOptions = {}): LineageFacetMapper {
  return Object.freeze({
    name: 'dagster',
    mapRun(event: OpenLineageRunEvent, base: RunLink): Result<RunLink> | undefined {
      if (event.producer === undefined || !DAGSTER_PRODUCER.test(event.producer)) return undefined;
      const link = runLink(event, base);
      const url = options.baseUrl === undefined ? undefined : dagsterRunUrl(options.baseUrl, link.id);
      return ok({ ...link, url });
    },
  });
}
