/** What a route tells the OpenAPI document beyond its schemas (kept in the route's `config`). */
import type { HubErrorCode } from '../../domain/hub-api/errors.ts';

export interface RouteDocs {
  summary: string;
  description?: string;
  tags: string[];
  /** The error codes the route can answer with. */
  errors: HubErrorCode[];
  /** Content type of the success answer when it is not JSON (e.g. text/event-stream). */
  produces?: string;
  /** The route needs `Authorization: Bearer <token>` (a sync session). */
  bearer?: boolean;
  /** A request body that is not JSON (a file sent as it is), with the content types taken. */
  rawBody?: { contentTypes: string[]; description: string };
}

export interface RouteConfigWithDocs {
  docs?: RouteDocs;
}
