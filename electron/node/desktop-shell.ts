/**
 * What only the Electron shell can do for a handler: ask where to save a file (the system save
 * dialog) or which file to read (the open dialog), and print the window (the system print dialog). electron-main provides it; in browser
 * mode there is none, and handlers fall back to a download and to the browser's own printing.
 */
export interface SaveFileFilter {
  name: string;
  extensions: string[];
}

export interface DesktopShell {
  /** The path the user chose, or null when they cancelled. */
  chooseSavePath(suggestedName: string, filter: SaveFileFilter): Promise<string | null>;
  /** The file the user chose to open (the system open dialog), or null when they cancelled. */
  chooseOpenPath(filter: SaveFileFilter): Promise<string | null>;
  /** Prints the main window's page through the system dialog; false when the user cancelled. */
  printWindow(options: { landscape: boolean }): Promise<boolean>;
}
