/**
 * One row of the OpenAPI endpoint table: method, path template, where the input goes, where
 * the facts come from, which peer SDKs have it, and how it pages. Pure data: the request and
 * response types ride along as phantom types (`route<In, Out>()`), never present at run time,
 * so `api/` derives one typed method per row and adding an endpoint is adding one row.
 */

/** HTTP methods the OpenAPI uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The peer SDKs whose coverage the table records (docs/api.md). */
export type PeerSdk = "botpy" | "botgo" | "bot-node-sdk" | "qq-official-bot" | "nonebot" | "satori";

/**
 * Where a call's input (the fields that are not path parameters) goes: nowhere, a JSON body,
 * the query string, or a `multipart/form-data` body.
 */
export type InputPlacement = "none" | "body" | "query" | "multipart";

/** How a list endpoint pages: the cursor and limit parameters and where the next cursor comes from. */
export interface Paging {
  /** Query parameter that carries the cursor (`after`, `cookie`, `start_index`). */
  readonly cursor: string;
  /** Query parameter that carries the page size. */
  readonly limit: string;
  /** Largest page size the platform accepts. */
  readonly maxLimit: number;
  /** Field of the page that holds the items; absent when the page is the array itself. */
  readonly items?: string;
  /** Where the next cursor is: a field of the page, or a path into the last item. */
  readonly next:
    | {
        /** Field of the page holding the next cursor (`next`, `cookie`). */
        readonly page: string;
      }
    | {
        /** Path into the last item of the page (`["user", "id"]`). */
        readonly lastItem: readonly string[];
      };
  /** Field of the page that is `true` (or 1) on the last page; without it, an empty page ends. */
  readonly end?: string;
  /** Path to an item's identity: items a later page repeats are dropped (the platform may repeat them). */
  readonly key?: readonly string[];
}

/** The data of one endpoint. */
export interface EndpointSpec {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Path template; `{name}` segments are path parameters. */
  readonly path: string;
  /** Where the input fields go. */
  readonly input: InputPlacement;
  /** Where the path and body facts come from (repository and file, or docs page). */
  readonly source: string;
  /** Peer SDKs that have this endpoint. */
  readonly peers: readonly PeerSdk[];
  /** How it pages, for list endpoints. */
  readonly paging?: Paging;
  /** Why it should not be used any more, when the platform retired it. */
  readonly deprecated?: string;
  /** A field the platform may wrap the answer in (`{ "message": {…} }`): the method returns what is inside. */
  readonly unwrap?: string;
}

/** The phantom types of a row: input, output, and the item type of a paged list. */
export interface EndpointTypes<In, Out, Item> {
  /** The input fields (besides path parameters); `void` when there are none. */
  readonly in: In;
  /** What the call resolves to; `void` for 204 answers. */
  readonly out: Out;
  /** One item of a paged list (`never` when it does not page). */
  readonly item: Item;
}

/** What carries a row's phantom types. */
export interface Typed<In, Out, Item> {
  /** Never set at run time: only its type matters. */
  readonly types?: EndpointTypes<In, Out, Item>;
}

/** A row: its data plus its phantom types (the `types` field is never set at run time). */
export type Endpoint<S extends EndpointSpec, In, Out, Item> = S & Typed<In, Out, Item>;

/**
 * Attach the input and output types to a row: `route<Input, Output>()({ …spec })`.
 * Curried so the spec's literal types (`path`, `method`) are inferred while the types are given.
 */
export function route<In = void, Out = void, Item = never>(): <const S extends EndpointSpec>(spec: S) => Endpoint<S, In, Out, Item> {
  return (spec) => spec;
}

/** Every peer SDK: the `peers` of an endpoint all of them have. */
export const ALL_PEERS = ["botpy", "botgo", "bot-node-sdk", "qq-official-bot", "nonebot", "satori"] as const satisfies readonly PeerSdk[];
