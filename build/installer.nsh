; Included by electron-builder's NSIS installer (nsis.include in electron-builder.yml).
; Electron 45 and Node.js 20 run on Windows 10 / Windows Server 2016 (build 14393) and
; later only: refuse older Windows (Server 2012 R2 jump boxes) before anything is
; installed, with the sentence of src-shared/domain/windows-minimum.ts.
!include "LogicLib.nsh"
!include "WinVer.nsh"

!macro customInit
  ${IfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} 14393
    MessageBox MB_OK|MB_ICONSTOP "The Exchange Remediation Wizard needs Windows 10 or Windows Server 2016 (build 14393) or later. Run it on a newer computer, or run its offline collector on the Exchange server and import the result there." /SD IDOK
    Abort
  ${EndIf}
!macroend
