# thymos_add_pass_plugin(<name> <source>...): a pass plugin for thymosc.
#
# Creates a MODULE library (loaded with dlopen, never linked against) that
# compiles against Thymos::passes. Every symbol is hidden except what the code
# marks THYMOS_PLUGIN_EXPORT, which is the entry point thymosGetPassPluginInfo.
#
# The plugin links no Thymos, LLVM or fmt library: its references to them
# stay undefined and resolve, when thymosc loads it, to the copies inside
# thymosc (which exports its symbols). A second copy of LLVM Support in a
# plugin would register LLVM's command-line options twice and abort at load.
#
# Included by ThymosConfig.cmake, and by the Thymos build for its own test
# plugins (where Thymos::passes is an alias of an in-tree target).
include_guard(GLOBAL)

function(thymos_add_pass_plugin name)
  if(NOT ARGN)
    message(FATAL_ERROR "thymos_add_pass_plugin(${name}): no source files")
  endif()
  if(NOT TARGET Thymos::passes)
    message(FATAL_ERROR "thymos_add_pass_plugin(${name}): call find_package(Thymos) first")
  endif()
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE Thymos::passes)
  set_target_properties(${name} PROPERTIES
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()
