// Trigger.dev imports trigger/init.ts before every task file of the project: Cairn is registered once, for all
// tasks, here.
import { registerCairn } from '@cairn/trigger';
import { cairnOptions, cairnSinkFromEnv } from '../cairn.js';

registerCairn(cairnOptions(cairnSinkFromEnv(process.env), { cairnUrl: process.env['CAIRN_URL'] }));
