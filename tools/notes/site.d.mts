export function siteCss(): string;
export function writeAssets(outDir: string): void;
export interface SitePage {
  name: string;
  title: string;
  file: string;
  bytes: number;
  plotCount: number;
  hasMath: boolean;
  droppedBundles: number;
  warnings: string[];
}
export function buildSite(options: { notebooks: { name: string; file: string; source?: string }[]; outDir: string }): { pages: SitePage[]; indexFile: string };
