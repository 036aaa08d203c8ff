import {
  ErrorCode,
  McpError,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { Problem } from '../errors.js';
import { getProject } from '../projects/read-projects.js';
import { listProjects } from '../projects/read-projects.js';
import { Id } from '../schemas/common.js';
import { getTask } from '../tasks/read-tasks.js';
import type { ToolContext } from './tool.js';

const JSON_TYPE = 'application/json';

export const RESOURCE_TEMPLATES: ResourceTemplate[] = [
  {
    uriTemplate: 'ripple://tasks/{id}',
    name: 'task',
    title: 'A task',
    description: 'A task as get_task answers it',
    mimeType: JSON_TYPE,
  },
  {
    uriTemplate: 'ripple://projects/{id}',
    name: 'project',
    title: 'A project',
    description: 'A project with the caller’s role and its counts',
    mimeType: JSON_TYPE,
  },
];

/** The user's projects, each a resource (tasks are too many to list: read them by the template). */
export async function listResources({ deps, userId }: ToolContext): Promise<Resource[]> {
  const projects = await listProjects(deps, userId, { archived: false });
  return projects.map((p) => ({
    uri: `ripple://projects/${p.id}`,
    name: p.name,
    title: p.name,
    mimeType: JSON_TYPE,
  }));
}

const URI = /^ripple:\/\/(tasks|projects)\/([^/?#]+)$/;

/** A task or project by its URI; one the user may not read is "not found", as over the API. */
export async function readResource({ deps, userId }: ToolContext, uri: string) {
  const [, kind, id] = URI.exec(uri) ?? [];
  if (!kind || !id || !Id.safeParse(id).success)
    throw new McpError(
      ErrorCode.InvalidParams,
      `Unknown resource ${uri}: expected ripple://tasks/<uuid> or ripple://projects/<uuid>`,
    );
  try {
    const value =
      kind === 'tasks' ? await getTask(deps, userId, id) : await getProject(deps, userId, id);
    return [{ uri, mimeType: JSON_TYPE, text: JSON.stringify(value) }];
  } catch (err) {
    // MCP's code for a resource that is not there (the specification's -32002).
    if (err instanceof Problem && err.status === 404)
      throw new McpError(-32002, `${err.title}: ${err.detail ?? uri}`, { uri });
    throw err;
  }
}
