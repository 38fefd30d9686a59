// A benchmark row whose part of the product does not exist yet: printed as "n/a: <reason>" instead of failing the run.
export class NotAvailable extends Error {}

/** Imports a module of the product if it exists; the row is n/a otherwise. */
export async function importPart<T>(specifier: string, what: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND") throw new NotAvailable(`${what} (${specifier}) does not exist yet`);
    throw e;
  }
}
