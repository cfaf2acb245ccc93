// What every stage ends in: a status, headers and a body, written to the socket by http/.

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}
