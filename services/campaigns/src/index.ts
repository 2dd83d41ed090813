// What other workspaces use of the campaigns service.
export {};
