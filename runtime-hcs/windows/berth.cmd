@rem Runs berth from an unpacked distribution on Windows (bin\berth is a POSIX shell script). Copy this file to the
@rem distribution's bin folder; JAVA_HOME or java on PATH must be a Java 17 runtime.
@echo off
setlocal
set "BERTH_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
"%JAVA%" %BERTH_JAVA_OPTS% -cp "%BERTH_HOME%\lib\*" dev.berth.node.Main %*
exit /b %ERRORLEVEL%
