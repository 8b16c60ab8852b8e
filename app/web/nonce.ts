import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of this response, for the inline scripts Remix writes. Set on
 * the server only: browsers hide the attribute from the DOM, so the client renders it empty.
 */
export const NonceContext = createContext("");
export const useNonce = () => useContext(NonceContext);
