/**
 * How the admin runs the offline collector on a server: Windows marks a file
 * that came from another computer as from the internet, and the execution
 * policy may refuse unsigned scripts, so unblock it and bypass the policy for
 * this one run. The collector's own header (Collector.template.ps1) says the same.
 */
export const COLLECTOR_RUN = {
  commands: ['Unblock-File -LiteralPath .\\Exwiz-Collector.ps1', 'powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\\Exwiz-Collector.ps1'],
} as const;
