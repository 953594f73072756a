// Every Seamline runtime message carries this tag, so the background and the
// content script can ignore anything another extension or a page might send.
export const CHANNEL = 'seamline';
