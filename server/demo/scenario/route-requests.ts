import "server-only";

// Shorthands for the HTTP requests the gateways forward in the demo catalog.

export const get = (path: string, code = 200) => ({ method: "GET", path, code });
export const post = (path: string, code = 200) => ({ method: "POST", path, code });
export const put = (path: string, code = 204) => ({ method: "PUT", path, code });
