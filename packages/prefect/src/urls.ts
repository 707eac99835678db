// Links into the Prefect UI (src/prefect/utilities/urls.py UI_URL_FORMATS) and the UI base derived from the API URL
// the way Prefect itself derives it (src/prefect/settings/models/_defaults.py::default_ui_url).
import { joinUrl } from '@cairn/openlineage';

const CLOUD_API = 'https://api.prefect.cloud/api';
const CLOUD_UI = 'https://app.prefect.cloud';

/**
 * The UI base for a Prefect API URL: Cloud `…/api/accounts/<a>/workspaces/<w>` becomes
 * `https://app.prefect.cloud/account/<a>/workspace/<w>`; a self-hosted `http://host:4200/api` becomes
 * `http://host:4200`.
 *
 * @example prefectUiUrl('http://prefect.internal:4200/api') === 'http://prefect.internal:4200'
 */
export function prefectUiUrl(apiUrl: string): string {
  let ui = apiUrl.replace(/\/+$/, '');
  if (ui.startsWith(CLOUD_API)) ui = CLOUD_UI + ui.slice(CLOUD_API.length);
  if (ui.endsWith('/api')) ui = ui.slice(0, -'/api'.length);
  return ui.replace('/api/', '/').replace('/accounts/', '/account/').replace('/workspaces/', '/workspace/');
}

/**
 * The Cloud workspace of an API URL, `<account id>/<workspace id>`, or undefined for a self-hosted server.
 *
 * @example prefectWorkspace('https://api.prefect.cloud/api/accounts/a1/workspaces/w1') === 'a1/w1'
 */
export function prefectWorkspace(apiUrl: string): string | undefined {
  const match = /\/accounts\/([^/]+)\/workspaces\/([^/]+)\/?$/.exec(apiUrl);
  return match === null ? undefined : `${match[1]}/${match[2]}`;
}

/**
 * `<ui>/runs/flow-run/<id>`.
 *
 * @example flowRunUrl('https://app.prefect.cloud/account/a/workspace/w', id)
 */
export function flowRunUrl(uiUrl: string, flowRunId: string): string {
  return joinUrl(uiUrl, `runs/flow-run/${encodeURIComponent(flowRunId)}`);
}

/**
 * `<ui>/runs/task-run/<id>`.
 *
 * @example taskRunUrl('http://prefect.internal:4200', id)
 */
export function taskRunUrl(uiUrl: string, taskRunId: string): string {
  return joinUrl(uiUrl, `runs/task-run/${encodeURIComponent(taskRunId)}`);
}
