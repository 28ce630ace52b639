/** An environment read in source code, and the fallbacks around it, in the order the code tries them. */
export interface CodeChain {
  file: string;
  line: number;
  language: Language;
  /** the enclosing function or method, when there is one */
  function?: string;
  /** the variable the chain is assigned to, when there is one */
  target?: string;
  links: CodeLink[];
}

export type CodeLink =
  | { kind: 'var'; name: string; line: number; receiver?: string }
  | { kind: 'literal'; value: string; line: number }
  | { kind: 'ref'; ref: string; line: number };

export type Language = 'python' | 'typescript' | 'tsx' | 'javascript' | 'go' | 'ruby';

export interface CodeWarning {
  file: string;
  line?: number;
  message: string;
}
