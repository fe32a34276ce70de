/*
 * The .nn language: one model per file. Only the statement keywords (and true/false) are reserved;
 * activation, loss, optimizer, initializer and parameter names are plain NAMEs that the checker resolves,
 * so a misspelling gets a did-you-mean message rather than a syntax error.
 */
grammar Nn;

file        : model EOF ;
model       : MODEL NAME LBRACE statement* RBRACE SEMI* ;

statement   : INPUT (NUMBER | shape) SEMI?                            # inputStmt
            | DENSE NUMBER call? block? SEMI?                          # denseStmt
            | DROPOUT NUMBER SEMI?                                     # dropoutStmt
            | kw=(LOSS | OPTIMIZER | INIT | REGULARIZE) call SEMI?    # directiveStmt
            | TRAIN block SEMI?                                        # trainStmt
            | SEMI                                                     # emptyStmt
            ;

shape       : LBRACK NUMBER (COMMA NUMBER)* RBRACK ;
call        : NAME (LPAREN (arg (COMMA arg)*)? RPAREN)? ;
arg         : NAME EQ value                                            # namedArg
            | value                                                    # positionalArg
            ;
block       : LBRACE entry* RBRACE ;
entry       : key EQ value SEMI?
            | SEMI
            ;
key         : NAME | MODEL | INPUT | DENSE | DROPOUT | LOSS | OPTIMIZER | INIT | REGULARIZE | TRAIN ;
value       : NUMBER                                                   # numberValue
            | STRING                                                   # stringValue
            | (TRUE | FALSE)                                           # boolValue
            | LBRACK (value (COMMA value)*)? RBRACK                    # listValue
            | call                                                     # callValue
            ;

MODEL       : 'model' ;
INPUT       : 'input' ;
DENSE       : 'dense' ;
DROPOUT     : 'dropout' ;
LOSS        : 'loss' ;
OPTIMIZER   : 'optimizer' ;
INIT        : 'init' ;
REGULARIZE  : 'regularize' ;
TRAIN       : 'train' ;
TRUE        : 'true' ;
FALSE       : 'false' ;
LBRACE      : '{' ;
RBRACE      : '}' ;
LBRACK      : '[' ;
RBRACK      : ']' ;
LPAREN      : '(' ;
RPAREN      : ')' ;
COMMA       : ',' ;
EQ          : '=' ;
SEMI        : ';' ;
NUMBER      : '-'? ( DIGITS ('.' DIGITS?)? | '.' DIGITS ) ([eE] [+-]? DIGITS)? ;
NAME        : [A-Za-z_] [A-Za-z0-9_]* ;
STRING      : '"' ( '\\' ["\\] | ~["\\\r\n] )* '"' ;
BAD_STRING  : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* -> channel(2) ;
COMMENT     : ('#' | '//') ~[\r\n]* -> skip ;
WS          : [ \t\r\n\f]+ -> skip ;
BAD_CHAR    : . -> channel(2) ;

fragment DIGITS : [0-9]+ ;
