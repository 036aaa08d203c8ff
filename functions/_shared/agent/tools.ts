import {
  addTagTool,
  listNotificationsTool,
  listProjectsTool,
  listTagsTool,
  markNotificationReadTool,
  recentActivityTool,
  renameTagTool,
} from './other-tools.js';
import {
  assignTaskTool,
  clearReminderTool,
  moveTaskTool,
  setReminderTool,
} from './task-field-tools.js';
import { getTaskTool, listTasksTool } from './task-read-tools.js';
import {
  addTaskFromLineTool,
  addTaskTool,
  completeTaskTool,
  deleteTaskTool,
  reopenTaskTool,
  restoreTaskTool,
  updateTaskTool,
} from './task-write-tools.js';
import type { AgentTool } from './tool.js';

export type { AccessScope, AgentTool, ToolAnnotations, ToolContext } from './tool.js';
export { inputJsonSchema, outputJsonSchema } from './tool.js';
export { callTool, problemText, type ToolOutcome, type ToolProblem } from './call.js';
export { READ_ONLY_DETAIL } from '../auth/access-tokens.js';

/**
 * Every tool an agent may call, over MCP and from the chat assistant: each one an operation of the
 * API, running the same shared code as its HTTP function, for the user of the context.
 */
export const AGENT_TOOLS: readonly AgentTool[] = [
  listTasksTool,
  getTaskTool,
  addTaskTool,
  addTaskFromLineTool,
  updateTaskTool,
  completeTaskTool,
  reopenTaskTool,
  deleteTaskTool,
  restoreTaskTool,
  moveTaskTool,
  assignTaskTool,
  setReminderTool,
  clearReminderTool,
  listTagsTool,
  addTagTool,
  renameTagTool,
  listProjectsTool,
  listNotificationsTool,
  markNotificationReadTool,
  recentActivityTool,
];

export const findTool = (name: string): AgentTool | undefined =>
  AGENT_TOOLS.find((t) => t.name === name);
