export interface MachineCosts { ceilingGflops: number; expNs: number; loopNs: number }
export interface Work { steps: number; flops: number; exps: number; values: number }
export declare function machineCosts(): MachineCosts;
export declare function mlpWork(o: { m: number; d: number; h: number; c: number; softmax: boolean; steps: number }): Work;
export declare function cnnWork(o: { s: number; k: number; f: number; h: number; c: number; images: number; steps: number }): Work;
export declare function floorRecord(workload: string, work: Work, o: { samples: number; cores?: number; extra?: object; costs?: MachineCosts }): any;
export declare function floorLines(records: any[], target: (records: any[]) => { seconds: number; text: string } | null): string;
