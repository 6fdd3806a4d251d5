/** RFC 7644 §3.4.2.4: pages of at most this many users (ServiceProviderConfig's filter.maxResults). */
export const SCIM_MAX_RESULTS = 200;
