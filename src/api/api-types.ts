/**
 * The types that turn an endpoint-table row into a typed method: the path template's
 * `{names}` become required fields of the argument object, the row's input type is merged in,
 * the row's output type is what the promise resolves to, and a paged row also gets `.pages()`
 * and `.all()` async iterators.
 */
import type { RestRequestOptions } from "../http/types.js";
import type { EndpointSpec, Paging, Typed } from "../protocol/endpoints/endpoint.js";

/** The `{name}` segments of a path template, as a union of names. */
export type PathParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParamNames<Rest> : never;

/** The path parameters of a template as an object type (`{}` when there are none). */
export type PathParams<P extends string> = { [K in PathParamNames<P>]: string | number };

/** The input type of a row (`void` when it takes none). */
export type InputOf<E> = E extends Typed<infer In, unknown, unknown> ? In : never;
/** The output type of a row. */
export type OutputOf<E> = E extends Typed<unknown, infer Out, unknown> ? Out : unknown;
/** The item type of a paged row. */
export type ItemOf<E> = E extends Typed<unknown, unknown, infer Item> ? Item : never;

/** `true` when `T` is `void` (or `undefined`, or `never`): a row without input. */
export type IsVoid<T, Void = void> = [T] extends [Void] ? true : false;

/** The input part of a method's argument: the row's input type, or nothing. */
export type InputPart<E> = IsVoid<InputOf<E>> extends true ? unknown : InputOf<E>;

/** What a row's method takes: the path parameters and the input fields, in one object. */
export type ArgsOf<E extends EndpointSpec> = PathParams<E["path"]> & InputPart<E>;

/** Options of one call (`signal`, `timeoutMs`): {@link RestRequestOptions} without `query`. */
export type CallOptions = Omit<RestRequestOptions, "query">;

/** Options of `bot.request`: {@link CallOptions} plus query parameters, i.e. {@link RestRequestOptions}. */
export type RequestOptions = RestRequestOptions;

/** `true` when `T` has a required field. */
export type HasRequired<T> = object extends T ? false : true;

/** The parameters of a method or iterator: the argument object may be left out when nothing in it is required. */
export type CallParams<Args> = HasRequired<Args> extends true ? [args: Args, options?: CallOptions] : [args?: Args, options?: CallOptions];

/** A method: takes the argument object (path parameters and input fields), resolves to the answer. */
export type ApiMethod<Args, Out> = (...params: CallParams<Args>) => Promise<Out>;

/** The extra iterators of a paged row's method. */
export interface Pager<Args, Page, Item> {
  /**
   * Every page, fetched on demand: the next request is made when the loop asks for the next
   * page. `args` give the first cursor and the page size (defaults to the largest allowed).
   */
  pages(...params: CallParams<Args>): AsyncIterableIterator<Page>;
  /** Every item of every page, pages fetched on demand; items a later page repeats are dropped. */
  all(...params: CallParams<Args>): AsyncIterableIterator<Item>;
}

/** A paged row's method: one page per call, plus {@link Pager.pages} and {@link Pager.all}. */
export type PagedMethod<Args, Page, Item> = ApiMethod<Args, Page> & Pager<Args, Page, Item>;

/** A row that pages. */
export interface PagedEndpoint extends EndpointSpec {
  /** How it pages. */
  readonly paging: Paging;
}

/** The methods of one area of the table: one per row, paged rows with iterators. */
export type AreaApi<T> = {
  readonly [K in keyof T]: T[K] extends PagedEndpoint
    ? PagedMethod<PathParams<T[K]["path"]> & InputPart<T[K]>, OutputOf<T[K]>, ItemOf<T[K]>>
    : T[K] extends EndpointSpec
      ? ApiMethod<PathParams<T[K]["path"]> & InputPart<T[K]>, OutputOf<T[K]>>
      : never;
};
