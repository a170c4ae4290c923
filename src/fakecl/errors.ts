/** A request the fake answers with a client error, carrying the JSON body DRF would send. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${JSON.stringify(body)}`);
  }
}

export function notFound(model: string): ApiError {
  return new ApiError(404, { detail: `No ${model} matches the given query.` });
}

/** django-filter's shape for an invalid query parameter: `{ "<param>": ["<message>"] }`. */
export function invalidParam(param: string, message: string): ApiError {
  return new ApiError(400, { [param]: [message] });
}
