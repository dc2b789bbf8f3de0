// Public server API: embed a NameServer or broker in a Node.js process.
export {};
