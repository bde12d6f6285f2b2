/** What a route tells the OpenAPI document beyond its schemas (kept in the route's `config`). */
import type { HubErrorCode } from '../../domain/hub-api/errors.ts';

export interface RouteDocs {
  summary: string;
  description?: string;
  tags: string[];
  /** The error codes the route can answer with. */
  errors: HubErrorCode[];
}

export interface RouteConfigWithDocs {
  docs?: RouteDocs;
}
