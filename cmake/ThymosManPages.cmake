# ThymosManPages.cmake: a man page for every installed tool and bash
# completion for thymosc and thymos-generate, both made at build time from
# the tools' own --help, so that neither can drift from the options.
#
# Man pages need Debian's help2man; without it they are skipped, with a
# message. Cross builds skip both (the tools cannot run here).
# Included by ThymosInstall.cmake with THYMOS_INSTALLED_TOOLS set.
if(CMAKE_CROSSCOMPILING)
  return()
endif()

# What each page's NAME section says.
set(THYMOS_MAN_thymosc "compile Thymos tensor graphs (.thy) into execution plans")
set(THYMOS_MAN_thymos-run "run a compiled Thymos plan on its inputs")
set(THYMOS_MAN_thymos-plan "plan buffer lifetimes into one arena")
set(THYMOS_MAN_thymos-gguf "inspect, import and write GGUF model files")
set(THYMOS_MAN_thymos-generate "generate text with a llama model compiled by Thymos")
set(THYMOS_MAN_thymos-fit "fit classical models and write them as Thymos modules")

find_program(THYMOS_HELP2MAN help2man)
find_program(THYMOS_GZIP gzip)
set(THYMOS_DOC_DIR ${CMAKE_BINARY_DIR}/share)
set(THYMOS_DOC_FILES)
if(THYMOS_HELP2MAN AND THYMOS_GZIP)
  foreach(tool IN LISTS THYMOS_INSTALLED_TOOLS)
    set(page ${THYMOS_DOC_DIR}/man/man1/${tool}.1)
    # gzip -n: no time stamp, so the packages build reproducibly.
    add_custom_command(OUTPUT ${page}.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${THYMOS_DOC_DIR}/man/man1
      COMMAND ${THYMOS_HELP2MAN} --no-info --no-discard-stderr --name=${THYMOS_MAN_${tool}}
              --output=${page} $<TARGET_FILE:${tool}>
      COMMAND ${THYMOS_GZIP} -9nf ${page}
      DEPENDS ${tool}
      COMMENT "help2man: ${tool}.1"
      VERBATIM)
    list(APPEND THYMOS_DOC_FILES ${page}.gz)
    install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT tools)
  endforeach()
else()
  message(STATUS "help2man not found: man pages skipped (apt-get install help2man)")
endif()

foreach(tool thymosc thymos-generate)
  set(script ${THYMOS_DOC_DIR}/bash-completion/completions/${tool})
  add_custom_command(OUTPUT ${script}
    COMMAND sh ${PROJECT_SOURCE_DIR}/cmake/bash-completion.sh $<TARGET_FILE:${tool}> ${script}
    DEPENDS ${tool} ${PROJECT_SOURCE_DIR}/cmake/bash-completion.sh
    COMMENT "bash completion: ${tool}"
    VERBATIM)
  list(APPEND THYMOS_DOC_FILES ${script})
  install(FILES ${script} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          COMPONENT tools)
endforeach()
add_custom_target(thymos_tool_docs ALL DEPENDS ${THYMOS_DOC_FILES})
