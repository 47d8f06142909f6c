export declare class OutputCollector {
  constructor();
  displays: Map<string, any[]>;
  handle(msg: { header: { msg_type: string }; content: any }, outputs: any[], executionCount?: number | null): boolean;
}
export declare function stripAnsi(text: string): string;
export declare function stderrText(outputs: any[]): string;
export declare function errorText(outputs: any[]): string;
