/**
 * The few Web-platform globals domain/ may use. domain/ is checked without the DOM and without
 * Node's types (tsconfig.domain.json) so a rule cannot reach for `document` or `fs`; the WHATWG URL
 * parser is the same in browsers and in Node, so it is declared here rather than pulled in with a
 * whole platform.
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
  readonly host: string;
  readonly port: string;
  readonly pathname: string;
  readonly href: string;
}
