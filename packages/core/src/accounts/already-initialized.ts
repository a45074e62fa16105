/** The deployment already has an owner account: initialization is a one-time act. */
export class AlreadyInitializedError extends Error {
  constructor(readonly accountSid: string) {
    super(`This data dir is already initialized (owner account ${accountSid})`);
    this.name = "AlreadyInitializedError";
  }
}
