// Unit and integration tests run outside React's server environment, where `server-only` throws.
export {};
